"""The showcase site: scored results turned into pages, served by MkDocs or written to disk.

collect (engine results + narratives + cited evidence) → privacy (guard the free text)
→ aggregate (figures across branches, once) → pages (Markdown/HTML, knows nothing of MkDocs)
→ plugin (MkDocs adapter) or export (`checker site export DIR`).
"""
