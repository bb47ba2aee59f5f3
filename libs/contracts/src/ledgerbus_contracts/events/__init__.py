"""Events: facts in the past tense, for any number of consumers."""
