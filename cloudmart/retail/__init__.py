"""The retail reference shapes (docs/RETAIL.md): CloudMart's records rendered in them and
read back from them."""
