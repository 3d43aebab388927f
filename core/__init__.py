"""What every app uses; depends on Django and libraries only, never on the portal's apps."""
