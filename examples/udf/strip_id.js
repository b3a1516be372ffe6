// Removes `_id` so an append-only MongoDB sink inserts a new document each time.
function transform(data, attributes) {
  return result(omit(data, ['_id']));
}
