import { useTranslation } from 'react-i18next'
import ProductCard from './ProductCard.jsx'

export default function ProductList({ products }) {
  const { t } = useTranslation()
  if (products.length === 0) return null
  return (
    <ul className="products" aria-label={t('chat.products')}>
      {products.map((product) => (
        <li key={product.id}>
          <ProductCard product={product} />
        </li>
      ))}
    </ul>
  )
}
