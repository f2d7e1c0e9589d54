# Empty: measures start-up.
