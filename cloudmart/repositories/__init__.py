"""One DynamoDB repository per table; the only code that knows item shapes."""
