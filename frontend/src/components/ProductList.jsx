import ProductCard from './ProductCard.jsx'

export default function ProductList({ products }) {
  if (products.length === 0) return null
  return (
    <ul className="products" aria-label="Products">
      {products.map((product) => (
        <li key={product.id}>
          <ProductCard product={product} />
        </li>
      ))}
    </ul>
  )
}
