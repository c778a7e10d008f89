"""The dashboard's pure rules: the periods it shows and the one it compares with (``periods``)."""
