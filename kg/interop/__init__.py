"""interop feature package."""
