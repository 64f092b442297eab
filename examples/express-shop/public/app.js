// Storefront script: greets visitors who arrive from a campaign link such as /#Ada.
const banner = document.getElementById('welcome');
const visitor = decodeURIComponent(location.hash.slice(1));

if (visitor) {
  // The URL fragment is written into the page as markup.
  banner.innerHTML = 'Welcome back, ' + visitor + '!';
}
