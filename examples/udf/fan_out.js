// One order in, one event per line item out, each tagged with its position.
function transform(order, attributes) {
  return results(order.items.map(function (item, i) {
    return result(
      { order_id: order.order_id, sku: item.sku, qty: item.qty, total: item.qty * item.price },
      Object.assign({}, attributes, { line: i + 1, lines: order.items.length }),
    );
  }));
}
