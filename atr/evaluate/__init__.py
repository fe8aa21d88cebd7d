"""The evaluation stage (issue 18): who the programmes reached, and what changed for them.

Its statistical methods (matching, balance, effects, sensitivity, interrupted time series) are
pure functions over pandas frames in :mod:`atr.evaluate.methods`; see docs/evaluation.md.
"""
