-- Branding: the name members know the organisation by and its primary colour (#rrggbb), set per
-- organisation and overridable per survey. NULL means "not set": fall back to the organisation's
-- name and Kindred's own colour.

ALTER TABLE organisations ADD COLUMN brand_name TEXT;
ALTER TABLE organisations ADD COLUMN brand_colour TEXT;
ALTER TABLE surveys ADD COLUMN brand_name TEXT;
ALTER TABLE surveys ADD COLUMN brand_colour TEXT;
