"""Template helpers of the network app."""
