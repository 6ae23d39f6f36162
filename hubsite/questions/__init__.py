"""Questions from outside: a partner asks, the hub team answers from its inbox."""
