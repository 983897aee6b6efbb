-- Each logo also kept at 64 pixels a side, for the lists and cards that draw it at 40 or 56
-- (a picture is held decoded at its own size, whatever size it is drawn at). NULL for
-- screenshots, and for a logo whose small picture could not be made: the 128-pixel one serves.
-- The logos already stored get theirs in the migration's hook (catalog::media::add_small_logos).
ALTER TABLE product_media ADD COLUMN small BLOB;
