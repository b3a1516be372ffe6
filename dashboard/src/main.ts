import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { startRouter } from './router';
import { ROUTES } from './routes';
import './styles.css';

startRouter(ROUTES);
createApp(App).use(createPinia()).mount('#app');
