"""The advocate's answer: the profile's accepted values (:mod:`.values`), and the finder's parts."""
