"""Support: hand-offs to a human agent."""
