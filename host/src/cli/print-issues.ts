/** Prints config problems one per line, the way compilers do, so all can be fixed in one pass. */
export function printIssues(file: string, issues: Array<{ path: string; message: string }>): void {
  console.error(`${file}: ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was started`);
  for (const issue of issues) console.error(`  ${issue.path}: ${issue.message}`);
}
