"""NLP stage: a rule-based spaCy pipeline that turns an Article into an Extraction."""
