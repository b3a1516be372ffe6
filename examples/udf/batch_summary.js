// Batch mode (batch.size > 1): receives the whole batch and adds per-country statistics to
// every document of it. The documents are returned as they came (same objects), so each keeps
// its own attributes.
function transform(docs, firstAttributes, allAttributes) {
  const byCountry = group_by(docs, function (d) { return d.country; });
  docs.forEach(function (d) {
    const peers = byCountry[String(d.country)];
    d.country_avg_amount = avg(peers, function (p) { return p.amount; });
    d.country_count = peers.length;
  });
  return docs;
}
