"""build and check as stage calls, and the build record each stage reads its slice of."""
