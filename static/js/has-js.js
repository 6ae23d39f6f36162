// Loaded in <head> before the page is drawn: <html class="js"> lets the stylesheet show
// the controls that need JavaScript (copy buttons, forms that ask in a dialog) only now.
document.documentElement.classList.add("js");
