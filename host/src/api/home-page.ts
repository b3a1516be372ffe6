/** The status page's script, served as a file: the Content-Security-Policy allows no inline script. */
export const HOME_SCRIPT = `async function refresh(){
  const body=document.getElementById('jobs');
  try{
    const jobs=await (await fetch('/jobs')).json();
    if(!Array.isArray(jobs)){body.innerHTML='<tr><td colspan="6">'+(jobs.message||'error')+'</td></tr>';return;}
    if(jobs.length===0){body.innerHTML='<tr><td colspan="6">no jobs yet</td></tr>';return;}
    const rows=await Promise.all(jobs.map(async j=>{const m=await (await fetch('/jobs/'+encodeURIComponent(j.name)+'/metrics')).json();
      const esc=s=>String(s).replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'})[c]);
      return '<tr><td>'+esc(j.name)+'</td><td class="'+esc(j.state)+'">'+esc(j.state)+(j.error?' — '+esc(j.error.message):'')+'</td><td>'+m.events_processed+'</td><td>'+m.throughput_per_second+'</td><td>'+m.current_lag_seconds+'</td><td>'+m.total_errors+'</td></tr>';}));
    body.innerHTML=rows.join('');
  }catch(e){body.innerHTML='<tr><td colspan="6">cannot reach the API: '+e+'</td></tr>';}
}
refresh();setInterval(refresh,2000);
`;

/**
 * A plain status page at `/` until the Vue dashboard is served there: it reads the public API
 * with fetch, so it works with nothing but the host running.
 */
export function homePage(version: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mstream</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}.running{color:#070}.failed{color:#b00}.stopped{color:#666}</style></head>
<body><h1>mstream <small>v${version}</small></h1>
<p>API: <a href="/health">/health</a> · <a href="/jobs">/jobs</a> · <a href="/services">/services</a> · <a href="/plugins">/plugins</a> · <a href="/metrics">/metrics</a> · <a href="/openapi.json">/openapi.json</a></p>
<table><thead><tr><th>job</th><th>state</th><th>events</th><th>events/s</th><th>lag s</th><th>errors</th></tr></thead><tbody id="jobs"><tr><td colspan="6">loading…</td></tr></tbody></table>
<script src="/home.js"></script></body></html>`;
}
