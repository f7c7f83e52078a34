-- Open311 publishes only the orders their orderer agreed to publish, under
-- a random public id; the numeric id stays internal. Open311 clients post
-- in public (the GeoReport model), in-app orders are private until the
-- resident opts in. Existing orders get random ids of 20 characters from
-- the base32 alphabet (hex with 0 1 8 9 mapped to g h j k). SQLite.
ALTER TABLE orders ADD COLUMN published BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE orders ADD COLUMN public_id TEXT;
UPDATE orders SET published = (channel = 'open311');
UPDATE orders SET public_id = replace(replace(replace(replace(lower(hex(randomblob(10))), '0', 'g'), '1', 'h'), '8', 'j'), '9', 'k');
CREATE UNIQUE INDEX orders_public_id ON orders(public_id);
CREATE INDEX orders_published ON orders(published, id);
