// Masks personal data before it leaves the trusted zone. Works on JSON and BSON documents:
// `_id` and dates keep their BSON types because the script does not rewrite them.
function transform(data, attributes) {
  data.email = mask_email(data.email);
  data.phone = mask_phone(data.phone);
  data.birth_date = mask_year_only(data.birth_date);
  data.customer_ref = hash_sha256(data.customer_id);
  delete data.customer_id;
  return result(data); // one argument: the incoming attributes are kept
}
