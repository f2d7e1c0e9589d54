// Empty: measures start-up.
