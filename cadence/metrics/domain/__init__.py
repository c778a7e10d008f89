"""The pure rules of imports: reading bytes (encodings, delimiters, XLSX), values (number, percentage and
date formats), recognising a platform's export by its headers and preamble, turning rows into facts with
problems by line, and the summary a preview shows. Plain Python: codes, never worded messages."""
