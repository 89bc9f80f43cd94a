"""Development only: DynamoDB Local, the `make run` supervisor and the page build."""
