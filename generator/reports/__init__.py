"""The office's console (第六、十、二十条): figures read from the repository, never published.

Layer: site/reports. `gather` reads the protected branch and every other branch;
the report modules turn that into `document.Report` values; `html` and `csvfile`
write them outside the built site.
"""
