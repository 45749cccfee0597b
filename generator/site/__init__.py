"""The public site: from the checked model to the files in build/.

Pipeline: views (model -> plain, publishable data) -> pages (what to write where)
-> render (Jinja2, in parallel) -> fsio (staging tree, atomic swap).
"""
