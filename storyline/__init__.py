"""storyline: group news articles from many outlets into stories and compare what each outlet says."""

__version__ = "0.1.0"
