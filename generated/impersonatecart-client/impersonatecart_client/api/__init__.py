"""Operations of the Kibo Customer: Impersonate Cart API, one module per tag."""
