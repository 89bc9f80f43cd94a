"""Table definitions, DynamoDB Local and seed data for CloudMart."""
