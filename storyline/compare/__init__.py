"""storyline.compare"""
