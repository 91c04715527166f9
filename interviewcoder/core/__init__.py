"""Plain-Python domain: types, errors, evidence maths. Imports nothing else of the project."""
