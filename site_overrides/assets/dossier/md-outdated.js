// Material's outdated-version script (partials/javascripts/outdated.html), as a file; the
// base URL comes from the script tag's data-md-base.
var el=document.querySelector("[data-md-component=outdated]"),base=new URL(document.currentScript.dataset.mdBase,location),outdated=__md_get("__outdated",sessionStorage,base);!0===outdated&&el&&(el.hidden=!1)
