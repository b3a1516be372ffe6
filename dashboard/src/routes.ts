import type { RouteDef } from './router';

// Pages load lazily so the first paint only needs the shell and the overview.
export const ROUTES: RouteDef[] = [
  { pattern: '/', name: 'overview', component: () => import('./pages/OverviewPage.vue') },
  { pattern: '/jobs', name: 'jobs', component: () => import('./pages/JobsPage.vue') },
  { pattern: '/jobs/new', name: 'job-new', component: () => import('./pages/JobCreatePage.vue') },
  { pattern: '/jobs/:name', name: 'job', component: () => import('./pages/JobDetailPage.vue') },
  { pattern: '/services', name: 'services', component: () => import('./pages/ServicesPage.vue') },
  { pattern: '/services/new', name: 'service-new', component: () => import('./pages/ServiceCreatePage.vue') },
  { pattern: '/services/:name', name: 'service', component: () => import('./pages/ServiceDetailPage.vue') },
  { pattern: '/studio', name: 'studio', component: () => import('./pages/StudioPage.vue') },
  { pattern: '/schemas', name: 'schemas', component: () => import('./pages/SchemasPage.vue') },
  { pattern: '/plugins', name: 'plugins', component: () => import('./pages/PluginsPage.vue') },
  { pattern: '/logs', name: 'logs', component: () => import('./pages/LogsPage.vue') },
];

export const NAV = [
  { to: '/', label: 'Overview', match: ['overview'] },
  { to: '/jobs', label: 'Jobs', match: ['jobs', 'job-new', 'job'] },
  { to: '/services', label: 'Services', match: ['services', 'service-new', 'service'] },
  { to: '/studio', label: 'Transform Studio', match: ['studio'] },
  { to: '/schemas', label: 'Schemas', match: ['schemas'] },
  { to: '/plugins', label: 'Plugins', match: ['plugins'] },
  { to: '/logs', label: 'Logs', match: ['logs'] },
];
