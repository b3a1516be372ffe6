// Drops inactive products and products without a valid price; reshapes the others.
function transform(product, attributes) {
  if (!product.active || typeof product.price !== 'number' || product.price <= 0) return null;
  return {
    sku: product.sku,
    name: product.name,
    price: product.price,
    price_tier: product.price >= 100 ? 'premium' : product.price >= 20 ? 'standard' : 'budget',
    in_stock: (product.stock || 0) > 0,
  };
}
