"""The agreements register: the covenant, service-level agreements and the responsibility
matrix, with versions, parties, dates and a signature per partner."""
