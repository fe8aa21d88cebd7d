"""The derive stage."""
