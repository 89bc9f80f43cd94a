import { useTranslation } from 'react-i18next'
import { money, stockLabel } from '../format.js'

export default function ProductCard({ product }) {
  useTranslation() // re-rendered when the language changes
  const low = product.inStock && product.stock <= 5
  return (
    <article className="product" aria-label={product.name}>
      <img src={product.image} alt="" loading="lazy" width="96" height="96" />
      <div className="product-text">
        <h3>{product.name}</h3>
        <p className="price">{money(product.price)}</p>
        <p className={`stock ${product.inStock ? (low ? 'low' : 'ok') : 'out'}`}>
          {stockLabel(product)}
        </p>
      </div>
    </article>
  )
}
