"""Places: recognise toponyms and resolve them to GeoNames, offline."""
