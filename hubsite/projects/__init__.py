"""Projects: the archive of past work, told as wat / wie / hoe / tips / tops / valkuilen."""
