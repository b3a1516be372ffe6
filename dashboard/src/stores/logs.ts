import { defineStore } from 'pinia';
import { ref } from 'vue';

/** The Logs page's filters, kept while the user visits other pages. */
export const useLogsStore = defineStore('logs', () => {
  const level = ref('');
  const job = ref('');
  const search = ref('');
  const paused = ref(false);
  return { level, job, search, paused };
});
