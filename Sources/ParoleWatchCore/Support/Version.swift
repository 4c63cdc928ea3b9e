public enum ParoleWatchVersion { public static let string = "0.1.0" }
