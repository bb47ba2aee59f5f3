"""`make bench`: throughput and timing figures, each against a baseline measured in the same run.

Figures are printed, never asserted by tests: timings depend on the machine.
"""
