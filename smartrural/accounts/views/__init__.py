"""The accounts pages: one module per area (login, second factor, own account, users)."""
