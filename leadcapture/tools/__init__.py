"""The CTA tools' own logic, free of Flask and the database: inputs in, results out."""
