import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// `npm run dev` serves the page with hot reload and sends API calls and product images to the
// Flask app (`make run`, port 5000); `npm run build` writes dist/, which Flask serves at `/`.
const backend = process.env.CLOUDMART_API ?? 'http://127.0.0.1:5000'

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': backend,
      '/static': backend,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
})
