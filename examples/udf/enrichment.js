// Leaves the document as it is and describes it in the attributes (Kafka headers, Pub/Sub
// attributes, HTTP X- headers downstream).
function transform(data, attributes) {
  const fields = Object.keys(data);
  return result(data, Object.assign({}, attributes, {
    field_count: fields.length,
    has_email: fields.indexOf('email') >= 0,
    processed_at: timestamp_ms(),
    quality: fields.length >= 5 ? 'complete' : 'partial',
  }));
}
