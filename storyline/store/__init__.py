"""storyline.store"""
