"""Analysis stages: entities, times, quotes, claims. Each reads an Article's text and adds annotations."""
